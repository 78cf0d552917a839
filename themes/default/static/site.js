// dossier's default theme: small, optional enhancements. Every page works without them.
(function () {
  "use strict";
})();
