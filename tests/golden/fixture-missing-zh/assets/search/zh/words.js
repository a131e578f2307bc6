window.GAPMAP_SEARCH = window.GAPMAP_SEARCH || {};
GAPMAP_SEARCH["zh/words"] = [[1,"among burnout doe jane peer workers"]];
