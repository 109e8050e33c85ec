/* Pocket Rights: asks the service worker to keep this language on the phone, and says so only once it
   has really been saved. On the offline page, shows only the languages that are saved. The pages work
   without this script (and without a service worker at all). */
(function () {
  "use strict";
  var script = document.currentScript;
  var lang = document.documentElement.lang;
  var note = document.getElementById("saved");
  if (!script || !note || !("serviceWorker" in navigator) || !("caches" in window)) return;
  // data-root names the site's root page; the folder it is in is the service worker's scope.
  var root = new URL(".", new URL(script.getAttribute("data-root") || "./", location.href));

  function show(reviewed) {
    var time = note.querySelector("time");
    if (time && reviewed) {
      time.setAttribute("datetime", reviewed);
      time.textContent = new Date(reviewed + "T12:00:00Z").toLocaleDateString(lang, {dateStyle: "long"});
    }
    note.hidden = false;
  }

  // Every language saved whole on this phone: code -> what was saved (with the day the law was checked).
  function savedLanguages() {
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) { return name.indexOf("pocketrights-") === 0; })
        .map(function (name) {
          return caches.open(name).then(function (cache) { return cache.match(new URL("__complete__", root)); })
            .then(function (marker) { return marker ? marker.json() : null; });
        }));
    }).then(function (listings) {
      var saved = {};
      listings.forEach(function (listing) { if (listing) saved[listing.lang] = listing; });
      return saved;
    });
  }

  savedLanguages().then(function (saved) {
    if (saved[lang]) show(saved[lang].reviewed);  // saved on an earlier visit: say so at once
    var marked = document.querySelectorAll("[data-saved]");
    if (Object.keys(saved).length) {
      Array.prototype.forEach.call(marked, function (item) { item.hidden = !saved[item.getAttribute("data-saved")]; });
    }
  }).catch(function () {});

  navigator.serviceWorker.addEventListener("message", function (event) {
    if (event.data && event.data.saved === lang) show(event.data.reviewed);
  });
  navigator.serviceWorker.register(new URL("sw.js", root), {scope: root.href}).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    registration.active.postMessage({save: lang});
  }).catch(function () {});
})();
