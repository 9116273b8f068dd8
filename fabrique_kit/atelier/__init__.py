"""Guided mode for workshops: ``fabrique atelier`` walks a team through a guide.

Each step of a guide (``steps_<guide>.toml``) has a title, an instruction, a hint and
a check that looks at the project folder or at the running kit. The same titles are
the headings of the Markdown guides in ``workshop_guides/``.

Example::

    from pathlib import Path
    from fabrique_kit.atelier import StepContext, check_once, load_guide

    results = check_once(load_guide("afficheur"), StepContext(Path("mon-afficheur")))
    [result.ok for _step, result in results]     # [True, True, False, ...]
"""

from fabrique_kit.atelier.checks import CHECKS, CheckResult, StepContext, run_check
from fabrique_kit.atelier.session import GuidedSession, check_once, passed_in_order
from fabrique_kit.atelier.steps import Guide, Step, guide_names, load_guide

__all__ = [
    "CHECKS",
    "CheckResult",
    "Guide",
    "GuidedSession",
    "Step",
    "StepContext",
    "check_once",
    "guide_names",
    "load_guide",
    "passed_in_order",
    "run_check",
]
