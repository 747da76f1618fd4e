// Accolade's only script: a confirmation before irreversible actions. Every flow works
// without it; forms marked data-confirm ask first when scripts run.
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
