// The locations map (features/network): Leaflet draws a marker for each location with coordinates, from the JSON
// data block on the page. Tiles come from the partnership's configured tile server; with none, the markers stand
// on a plain background (the list below the map has every location). Markers carry a letter for their kind and
// their name for assistive technology (not colour alone); Enter on a marker opens its summary.
(function () {
  'use strict';
  var container = document.getElementById('locations-map');
  var dataBlock = document.getElementById('locations-data');
  if (!container || !dataBlock || typeof window.L === 'undefined') return;
  var data;
  try {
    data = JSON.parse(dataBlock.textContent || '{}');
  } catch (e) {
    return;
  }
  var L = window.L;
  container.textContent = '';
  var map = L.map(container, { center: data.centre, zoom: data.zoom, attributionControl: !!data.tileUrl, keyboard: true });
  if (data.tileUrl) {
    L.tileLayer(data.tileUrl, { attribution: data.attribution || '', maxZoom: 19 }).addTo(map);
  }
  var letters = { hotspot: 'H', 'safe-space': 'S', venue: 'V', hotel: 'Ho', takeaway: 'T', 'taxi-firm': 'Ta', school: 'Sc', 'address-of-concern': 'A' };
  var bounds = [];
  (data.locations || []).forEach(function (loc) {
    var kind = String(loc.kind).replace(/[^a-z-]/g, '');
    var icon = L.divIcon({ className: 'app-map-marker app-map-marker--' + kind, html: '', iconSize: [26, 26], iconAnchor: [13, 13], popupAnchor: [0, -12] });
    var marker = L.marker(loc.coordinates, { icon: icon, title: loc.kindName + ': ' + loc.label, alt: loc.kindName + ': ' + loc.label, keyboard: true, riseOnHover: true }).addTo(map);
    var el = marker.getElement();
    if (el) {
      // The letter is a visual cue only: the marker's name says the kind and the place in words.
      var letter = document.createElement('span');
      letter.setAttribute('aria-hidden', 'true');
      letter.textContent = letters[kind] || 'L';
      el.appendChild(letter);
      var name = document.createElement('span');
      name.className = 'govuk-visually-hidden';
      name.textContent = loc.kindName + ': ' + loc.label + ', ' + loc.children + (loc.children === 1 ? ' child' : ' children') + ' and ' + loc.persons + (loc.persons === 1 ? ' person' : ' persons') + ' linked';
      el.appendChild(name);
      el.setAttribute('role', 'button');
    }
    // The popup is built from DOM nodes (no HTML strings): the label is text.
    var box = document.createElement('div');
    var title = document.createElement('a');
    title.className = 'govuk-link';
    title.href = loc.href;
    title.textContent = loc.label;
    var p = document.createElement('p');
    p.className = 'govuk-body-s';
    p.textContent = loc.kindName + '. ' + loc.children + (loc.children === 1 ? ' child' : ' children') + ' and ' + loc.persons + (loc.persons === 1 ? ' person' : ' persons') + ' linked.';
    var more = document.createElement('a');
    more.className = 'govuk-link govuk-body-s';
    more.href = '#location-' + loc.id;
    more.textContent = 'Who is linked (in the list)';
    box.appendChild(title);
    box.appendChild(p);
    box.appendChild(more);
    marker.bindPopup(box);
    bounds.push(loc.coordinates);
  });
  if (bounds.length > 1) map.fitBounds(bounds, { padding: [30, 30], maxZoom: 15 });
  else if (bounds.length === 1) map.setView(bounds[0], 14);
  window.appLocationsMap = map; // for the browser tests
})();
