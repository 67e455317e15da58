"""The numpy engine: pure functions per stage and one orchestrator. No Qt."""

from .claims import ClaimCheck, check_claim, check_claims
from .results import Annual, EngineWarning, Results
from .simulate import active_generations, simulate

__all__ = [
    "Annual",
    "ClaimCheck",
    "EngineWarning",
    "Results",
    "active_generations",
    "check_claim",
    "check_claims",
    "simulate",
]
