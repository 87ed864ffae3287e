"""Gateway routing: simulated gateways, the production router and the agent policy."""
