(window.GAPMAP_LINES = window.GAPMAP_LINES || {})["en/0"] = [["Burnout among peer workers","studies/peer-burnout/index.html","Peer workers burn out."]];
