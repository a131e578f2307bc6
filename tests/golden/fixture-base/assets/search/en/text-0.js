window.GAPMAP_SEARCH = window.GAPMAP_SEARCH || {};
GAPMAP_SEARCH["en/text-0"] = ["Background Peer workers burn out. Interviews with ten peer workers. Jane Doe Burnout Self-care Adults Massachusetts Qualitative"];
