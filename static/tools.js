/* Pocket Rights: optional help for showing a card to an officer. The pages work without it.
   - "Read aloud in English": the phone's own speech engine says the sentence (no audio file, nothing sent).
   - "Full screen": the card fills the screen, and the screen is kept awake while it does. */
(function () {
  "use strict";

  if ("speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
    document.querySelectorAll("button[data-speak]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.speechSynthesis.cancel();
        var utterance = new SpeechSynthesisUtterance(button.getAttribute("data-speak"));
        utterance.lang = "en-US";
        utterance.rate = 0.9;
        window.speechSynthesis.speak(utterance);
      });
    });
  }

  var card = document.querySelector("[data-card]");
  var full = document.querySelector("button[data-fullscreen]");
  if (!card || !full || !card.requestFullscreen) return;
  var wakeLock = null;

  function keepAwake() {
    if (!("wakeLock" in navigator)) return;
    navigator.wakeLock.request("screen").then(function (lock) { wakeLock = lock; }, function () {});
  }

  full.hidden = false;
  full.addEventListener("click", function () {
    card.requestFullscreen().then(keepAwake, function () {});
  });
  document.addEventListener("fullscreenchange", function () {
    if (!document.fullscreenElement && wakeLock) {
      wakeLock.release();
      wakeLock = null;
    }
  });
  document.addEventListener("visibilitychange", function () {
    if (document.fullscreenElement && document.visibilityState === "visible") keepAwake();
  });
})();
