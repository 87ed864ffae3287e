"""Conversation: a chat message routed to what it asks for, and the questions it leaves open."""
