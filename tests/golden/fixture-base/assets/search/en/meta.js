window.GAPMAP_SEARCH = window.GAPMAP_SEARCH || {};
GAPMAP_SEARCH["en/meta"] = {"v":1,"lang":"en","shards":1,"text_shard":200,"other":"zh","list":"studies/index.html","avgdl":18.0,"docs":[["Burnout among peer workers",2021,"studies/peer-burnout/index.html",18]]};
