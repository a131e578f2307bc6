(window.GAPMAP_LINES = window.GAPMAP_LINES || {})["zh/0"] = [["Burnout among peer workers","zh/studies/peer-burnout/index.html","同伴工作者会倦怠。",1]];
