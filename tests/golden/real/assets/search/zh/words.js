window.GAPMAP_SEARCH = window.GAPMAP_SEARCH || {};
GAPMAP_SEARCH["zh/words"] = [[2,"christian scannell williams"],[1,"bodalski braun chu clarke eleanor elizabeth frary grace harrison magdalena miller moskal nvivo prss sarah sayward sud wendy"]];
