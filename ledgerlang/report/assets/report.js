/* ledger report: a marked figure shows its check on keyboard focus and on click.
   Without this script the same results are listed under "Every check result". */
(function () {
  "use strict";
  var pinned = null;

  function panelOf(button) {
    return document.getElementById(button.getAttribute("aria-controls"));
  }

  function place(button, panel) {
    var host = button.closest(".statement");
    var hostBox = host.getBoundingClientRect();
    var box = button.getBoundingClientRect();
    panel.style.top = (box.bottom - hostBox.top + 4) + "px";
    var left = box.right - hostBox.left - panel.offsetWidth;
    panel.style.left = Math.max(0, Math.min(left, host.clientWidth - panel.offsetWidth)) + "px";
  }

  function show(button) {
    var panel = panelOf(button);
    if (!panel) { return; }
    panel.hidden = false;
    button.setAttribute("aria-expanded", "true");
    place(button, panel);
  }

  function hide(button) {
    var panel = panelOf(button);
    if (!panel) { return; }
    panel.hidden = true;
    button.setAttribute("aria-expanded", "false");
  }

  function figureButton(target) {
    return target && target.closest ? target.closest("button.fig") : null;
  }

  document.addEventListener("focusin", function (event) {
    var button = figureButton(event.target);
    if (button) { show(button); }
  });

  function buttonOf(panel) {
    return document.querySelector('button.fig[aria-controls="' + panel.id + '"]');
  }

  // Tab from a figure goes on into its open panel (the "finding" link), so the panel stays open while
  // the focus is on the figure or in the panel: hidden under a focused link, it dropped the focus to
  // the page, and a keyboard reader lost their place. It closes once the focus is elsewhere.
  document.addEventListener("focusout", function (event) {
    var panel = event.target.closest ? event.target.closest(".detail") : null;
    var button = panel ? buttonOf(panel) : figureButton(event.target);
    if (!button || button === pinned) { return; }
    var next = event.relatedTarget;
    if (next && (next === button || panelOf(button).contains(next))) { return; }
    hide(button);
  });

  document.addEventListener("click", function (event) {
    var button = figureButton(event.target);
    if (!button) {
      if (pinned && !event.target.closest(".detail")) { hide(pinned); pinned = null; }
      return;
    }
    if (pinned === button) { hide(button); pinned = null; return; }
    if (pinned) { hide(pinned); }
    pinned = button;
    show(button);
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    // the focus inside a panel goes back to its figure before the panel closes, not to the page
    var inside = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest(".detail") : null;
    if (inside && buttonOf(inside)) { buttonOf(inside).focus(); }
    var open = document.querySelectorAll("button.fig[aria-expanded=true]");
    for (var i = 0; i < open.length; i++) { hide(open[i]); }
    pinned = null;
  });

  // A scroll area is a Tab stop only while its table is wider than it: there the keyboard scrolls it
  // (the area is named by its statement's heading), and where the table fits the stop did nothing
  // but cost a keyboard reader a key press. The page says tabindex="0" on each, so that without this
  // script every wide table can still be reached; a width that changes (a window resized, a chart's
  // numbers opened) asks again.
  function stopIfScrolls(area) {
    if (area.scrollWidth > area.clientWidth) {
      area.setAttribute("tabindex", "0");
    } else if (area !== document.activeElement) {
      area.removeAttribute("tabindex");
    }
  }
  var areas = document.querySelectorAll(".scroll[role=region]");
  for (var i = 0; i < areas.length; i++) { stopIfScrolls(areas[i]); }
  if (window.ResizeObserver) {
    var watch = new ResizeObserver(function (entries) {
      for (var j = 0; j < entries.length; j++) { stopIfScrolls(entries[j].target); }
    });
    for (var k = 0; k < areas.length; k++) { watch.observe(areas[k]); }
  }
  // an area that stopped scrolling while it had the focus keeps its stop until the focus leaves it
  document.addEventListener("focusout", function (event) {
    if (event.target.matches && event.target.matches(".scroll[role=region]")) {
      var area = event.target;
      setTimeout(function () { stopIfScrolls(area); }, 0);
    }
  });

  window.addEventListener("resize", function () {
    var open = document.querySelectorAll("button.fig[aria-expanded=true]");
    for (var i = 0; i < open.length; i++) { place(open[i], panelOf(open[i])); }
  });
})();
