"""axe-core in the browser: the WCAG 2.2 AA rules it can check by machine, on the page as shown.

The pinned axe-core script (see tests.tools) is added to the page and run over the whole
document; each violation comes back as one line naming the rule and the element.
"""

from tests.tools import AXE_SCRIPT, installed

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    rule: violation.id,
    impact: violation.impact,
    help: violation.help,
    nodes: violation.nodes.map((node) => ({target: node.target.join(" "), html: node.html})),
  }));
}"""


def axe_violations(page) -> list[str]:
    """One line per element that breaks a WCAG 2.2 AA rule on `page`: rule, element, markup."""
    page.add_script_tag(path=str(installed(AXE_SCRIPT)))
    return [
        f"{violation['rule']} ({violation['impact']}: {violation['help']}) "
        f"at {node['target']}: {node['html'][:200]}"
        for violation in page.evaluate(RUN_AXE, WCAG_22_AA)
        for node in violation["nodes"]
    ]
