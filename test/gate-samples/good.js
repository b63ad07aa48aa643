"use strict";(()=>{function t(e){return e+1}print(t(1));})();
