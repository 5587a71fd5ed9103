// API behaviour, viewer request: the viewer's IP in one header the client cannot set,
// since this overwrites any copy it sent. The API stage's web ACL keys its per-IP rate
// rule on it (WAF only ever sees CloudFront's own addresses as the source, and reads a
// bare address where CloudFront-Viewer-Address carries "ip:port").
function handler(event) {
  var request = event.request;
  request.headers['x-viewer-ip'] = { value: event.viewer.ip };
  return request;
}
