// Site (default) behaviour, viewer request: a path whose last segment has no file extension
// is a page of the single-page app, so it is served /index.html and the frontend's router
// draws it. Files (app.js, styles.css) pass through. Only the site behaviour runs this, so
// the API's own 403 and 404 answers reach the browser unchanged.
function handler(event) {
  var request = event.request;
  var last = request.uri.split('/').pop();
  if (last.indexOf('.') === -1) {
    request.uri = '/index.html';
  }
  return request;
}
