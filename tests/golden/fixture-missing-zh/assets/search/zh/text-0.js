window.GAPMAP_SEARCH = window.GAPMAP_SEARCH || {};
GAPMAP_SEARCH["zh/text-0"] = ["背景 同伴工作者会倦怠。 对十名同伴工作者的访谈。 Jane Doe 倦怠 自我照护 成年人 马萨诸塞州 定性研究"];
