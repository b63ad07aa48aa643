"use strict";(()=>{t();function t(){print(1)}})();
