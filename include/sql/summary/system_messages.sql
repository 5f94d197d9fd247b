SELECT text FROM amazon.system_messages
