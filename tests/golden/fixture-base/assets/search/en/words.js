window.GAPMAP_SEARCH = window.GAPMAP_SEARCH || {};
GAPMAP_SEARCH["en/words"] = [[1,"adult among background burn burnout care doe interview jane massachusett out peer qualitative self ten with worker"]];
