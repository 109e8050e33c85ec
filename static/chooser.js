/* Pocket Rights: on the static site (where no server reads Accept-Language), list the reader's own
   languages first. Without scripts the list stays in its usual order. */
(function () {
  "use strict";
  var list = document.querySelector(".choices");
  var wanted = (navigator.languages || [navigator.language || ""]).map(function (tag) { return tag.toLowerCase(); });
  if (!list || !wanted.length) return;
  function rank(item) {
    var code = (item.querySelector("a").getAttribute("lang") || "").toLowerCase();
    for (var i = 0; i < wanted.length; i++) {
      if (wanted[i] === code || wanted[i].split("-")[0] === code.split("-")[0]) return i;
    }
    return wanted.length;
  }
  var items = Array.prototype.slice.call(list.children);
  items.map(function (item, index) { return [rank(item), index, item]; })
    .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
    .forEach(function (entry) { list.appendChild(entry[2]); });
})();
