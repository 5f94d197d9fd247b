-- The package's statements work on a batch at a time: compiling one with JIT takes longer
-- (300-500 ms for the load's) than it could save, so its sessions plan without it.
SET jit = off
