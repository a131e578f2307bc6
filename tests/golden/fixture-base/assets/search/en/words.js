window.GAPMAP_SEARCH = window.GAPMAP_SEARCH || {};
GAPMAP_SEARCH["en/words"] = [[1,"adults among background burn burnout care doe interviews jane massachusetts out peer qualitative self ten with workers"]];
