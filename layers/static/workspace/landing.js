// "Apply" reloads the page at #ws-results: the map's heading, or the error summary when the
// filter was refused. The browser scrolls there; focus follows, so a keyboard or screen-reader
// user continues from what the filter changed instead of from the top of the page.
const target = window.location.hash === "#ws-results" && document.getElementById("ws-results");
if (target) target.focus();
