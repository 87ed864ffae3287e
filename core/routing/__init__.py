"""Gateway routing: simulated gateways, the production router, the agent policy and the bench."""
