"""What a contract can cost: the rate card against the money it sits in.

* `terms` reads what the finance view needs from a ruleset (and, optionally, from the
  awarded contract): prices, caps, the people each population is expected to take in,
  the term, the amount at risk, the budgets of the lots;
* `liability` works out the most the rate card can pay, per line, per provider and for
  the whole contract, and the inconsistencies with the money that `obc check` warns of;
* `scenarios` pays the rate card period by period at given outcome rates (the targets,
  the trajectory, the baseline, the best and worst rates observed);
* `investors` is the social impact bond view: the investors' cash flows, the money
  multiple, the internal rate of return and the break-even outcome rate.

Every amount is an exact `Decimal`. The package sits beside the engine and the tender:
it reads the model and the semantics, and the reports, the checks and the api use it.
"""

from obcrules.finance.investors import InvestorView, investor_view
from obcrules.finance.liability import Liability, Problem, liability
from obcrules.finance.scenarios import Scenario, observed_scenarios, scenarios
from obcrules.finance.terms import ContractTerms, LineTerms, Terms, read_terms

__all__ = [
    "ContractTerms",
    "InvestorView",
    "Liability",
    "LineTerms",
    "Problem",
    "Scenario",
    "Terms",
    "investor_view",
    "liability",
    "observed_scenarios",
    "read_terms",
    "scenarios",
]
