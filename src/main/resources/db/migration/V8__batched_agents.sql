-- An agent registered "batched" serves several subtasks of its job at one URL and takes one
-- trigger and one notice per checkpoint for all of them (agent protocol, batched agents).
ALTER TABLE agents ADD COLUMN batched BOOLEAN DEFAULT FALSE NOT NULL;
