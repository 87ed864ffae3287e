"""REST routes, one APIRouter module per area."""
