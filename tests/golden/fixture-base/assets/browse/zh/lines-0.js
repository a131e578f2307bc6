(window.GAPMAP_LINES = window.GAPMAP_LINES || {})["zh/0"] = [["同伴工作者的倦怠","zh/studies/peer-burnout/index.html","同伴工作者会倦怠。"]];
