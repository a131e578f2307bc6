window.GAPMAP_SEARCH = window.GAPMAP_SEARCH || {};
GAPMAP_SEARCH["en/terms-0"] = {"adult":[0,1],"among":[0,3],"background":[0,1],"burn":[0,1],"burnout":[0,4],"care":[0,1],"doe":[0,1],"interview":[0,1],"jane":[0,1],"massachusett":[0,1],"out":[0,1],"peer":[0,5],"qualitative":[0,1],"self":[0,1],"ten":[0,1],"with":[0,1],"worker":[0,5]};
