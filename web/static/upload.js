// upload.js: progressive enhancement of the evidence upload form
// (web/templates/evidence_upload.html): the file is sent with
// XMLHttpRequest so that the page can show how much of a large file has
// gone, then the server's answer replaces the page's main content. Without
// JavaScript the form posts as usual and the answer is the same page.
function enhance() {
  const form = document.getElementById('upload-form');
  const box = document.getElementById('upload-progress');
  if (!form || !box || !window.FormData || !window.DOMParser) return;
  const meter = box.querySelector('progress');
  const text = box.querySelector('[aria-live]');
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const xhr = new XMLHttpRequest();
    xhr.open('POST', form.action);
    box.hidden = false;
    text.textContent = 'Sending the file...';
    xhr.upload.addEventListener('progress', (e) => {
      if (!e.lengthComputable) return;
      meter.max = e.total;
      meter.value = e.loaded;
      text.textContent = `${Math.floor((100 * e.loaded) / e.total)}% of the file sent`;
    });
    xhr.upload.addEventListener('load', () => {
      text.textContent = 'The file is sent; its rows are being checked and imported...';
    });
    xhr.addEventListener('load', () => {
      const doc = new DOMParser().parseFromString(xhr.responseText, 'text/html');
      const main = doc.querySelector('main');
      if (!main) {
        text.textContent = 'The server gave an answer this page cannot show; try again.';
        return;
      }
      document.querySelector('main').replaceWith(document.adoptNode(main));
      document.title = doc.title;
      window.scrollTo(0, 0);
      enhance();
    });
    xhr.addEventListener('error', () => {
      text.textContent = 'The upload did not reach the server: check the connection and try again.';
    });
    xhr.send(new FormData(form));
  });
}
enhance();
