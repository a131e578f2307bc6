window.GAPMAP_SEARCH = window.GAPMAP_SEARCH || {};
GAPMAP_SEARCH["zh/meta"] = {"v":1,"lang":"zh","shards":1,"text_shard":200,"other":"en","list":"zh/studies/index.html","avgdl":33.0,"docs":[["Burnout among peer workers",2021,"zh/studies/peer-burnout/index.html",33]]};
