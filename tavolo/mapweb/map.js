
// The map's own helpers (tavolo.maps): icons, cards, layers, labels, controls and the fit
// that keeps the title and legend off the areas. Loaded once per map page, then
// tavolo.setup(cfg) with the map's texts and colours (already HTML-escaped by the server).
window.tavolo = window.tavolo || {};
(function (T) {
 T.setup = function (cfg) {
  T.cfg = cfg;
  if (!document.getElementById('tavolo-css')) {
    var style = document.createElement('style');
    style.id = 'tavolo-css';
    style.textContent = T.cfg.css;
    document.head.appendChild(style);
  }
  if (window.L && L.Icon && L.Icon.Default && T.cfg.imagePath) {
    L.Icon.Default.imagePath = T.cfg.imagePath;
  }
 };
  T.num = function (v) { return Number(v || 0).toLocaleString(T.cfg.locale); };
  T.text = function (v) { return typeof v === 'string' ? v : T.num(v); };
  T.owner = function (p) { return T.cfg.owners[p.o] || {name: '', colour: '#555'}; };
  T.buildingIcon = function (p) {
    var colour = T.owner(p).colour, group = p.k === 'g', size = group ? 24 : 14;
    var cls = 'tv-b' + (p.q ? ' tv-approx' : '') + (group ? ' tv-group' : '');
    var style = p.q ? 'border-color:' + colour : 'background:' + colour + ';border-color:#1a1a1a';
    return L.divIcon({className: 'tv-icon', iconSize: [size, size], iconAnchor: [size / 2, size / 2],
      html: '<span class="' + cls + '" style="' + style + '">' + (group ? T.num(p.m) : '') + '</span>'});
  };
  T.rows = function (labels, values) {
    var out = '';
    for (var i = 0; i < labels.length; i++) {
      if (values && values[i]) { out += '<tr><td>' + labels[i] + '</td><td class="n">' + T.text(values[i]) + '</td></tr>'; }
    }
    return out;
  };
  T.card = function (p) {
    var L_ = T.cfg.text, h = '<div class="tv-card">';
    if (p.k === 'g') {
      h += '<b>' + T.num(p.m) + ' ' + L_.buildings + '</b><br>' + L_.merged;
    } else {
      h += '<b>' + p.n + '</b><br>' + (p.a || '');
    }
    h += '<br>' + L_.owner + ': ' + T.owner(p).name;
    if (p.p) { h += '<br>' + L_.programme + ': <b>' + p.p + '</b>'; }
    h += '<br><b>' + T.num(p.f) + ' ' + L_.flats + '</b><table>' + T.rows(T.cfg.statuses, p.s) + '</table>';
    h += L_.sizes + ':<table>' + T.rows(T.cfg.sizes, p.z) + '</table>';
    if (p.ph) { h += L_.phases + ':<table>' + T.rows(T.cfg.phases, p.ph) + '</table>'; }
    h += L_.reports + ': <b>' + T.num(p.r) + '</b>';
    if (p.c) { h += '<br>' + L_.occupations + ': <b>' + T.text(p.c) + '</b>'; }
    if (p.mi) { h += '<br>' + L_.maintenance + ':<ul class="tv-items"><li>' + p.mi.join('</li><li>') + '</li></ul>'; }
    if (p.q) { h += '<br><span class="tv-note">' + L_.approximate + '</span>'; }
    return h + '</div>';
  };
  T.tip = function (p) {
    if (p.k === 'g') { return T.num(p.m) + ' ' + T.cfg.text.buildings + ' · ' + T.num(p.f) + ' ' + T.cfg.text.flats; }
    return (p.n || '') + ' · ' + T.num(p.f) + ' ' + T.cfg.text.flats + (p.q ? ' (' + T.cfg.text.approx_short + ')' : '');
  };
  T.pointIcon = function (p) {
    if (p.k === 'o') {
      return L.divIcon({className: 'tv-icon', iconSize: [22, 22], iconAnchor: [11, 11],
        html: '<span class="tv-office' + (p.q ? ' tv-approx' : '') + '">A</span>'});
    }
    if (p.k === 'pg') {
      return L.divIcon({className: 'tv-icon', iconSize: [18, 18], iconAnchor: [9, 9],
        html: '<span class="tv-prog' + (p.q ? ' tv-approx' : '') + '">&#9670;</span>'});
    }
    if (p.k === 'm') {
      return L.divIcon({className: 'tv-icon', iconSize: [20, 20], iconAnchor: [-4, 24],
        html: '<span class="tv-maint">' + p.rank + '</span>'});
    }
    if (p.k === 's') {
      var best = p.rank === 1, size = best ? 30 : 22;
      return L.divIcon({className: 'tv-icon', iconSize: [size, size], iconAnchor: [size / 2, size / 2],
        html: '<span class="tv-site' + (best ? ' tv-best' : '') + '">' + (best ? '&#9733;' : p.rank) + '</span>'});
    }
    return T.buildingIcon(p);
  };
  T.points = function (data, opts) {
    var layer = L.geoJSON(data, {
      pointToLayer: function (f, latlng) {
        // title: the accessible name of the marker (set as a DOM property: plain text)
        var p = f.properties, name = (p.tip || T.tip(p)).replace(/<[^>]*>/g, ' ');
        return L.marker(latlng, {icon: T.pointIcon(p), riseOnHover: true, title: name, alt: name,
                                 zIndexOffset: opts.z || 0});
      },
      onEachFeature: function (f, layer) {
        var p = f.properties;
        layer.bindTooltip(p.tip || T.tip(p), {direction: 'top', offset: [0, -8]});
        if (p.k === 'b' || p.k === 'g' || p.k === 'pg') { layer.bindPopup(function () { return T.card(p); }, {maxWidth: 320}); }
        else if (p.card || p.k === 'm') { layer.bindPopup(p.card || p.tip, {maxWidth: 320}); }
      }
    });
    if (opts.ring) {
      data.features.forEach(function (f) {
        if (f.properties.rank === 1) {
          L.circle([f.geometry.coordinates[1], f.geometry.coordinates[0]],
                   {radius: opts.ring, color: '#D55E00', weight: 2, dashArray: '6 4',
                    fill: false, interactive: false}).addTo(layer);
        }
      });
    }
    if (!opts.cluster || !L.markerClusterGroup) { return layer; }
    var group = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 40, disableClusteringAtZoom: 17,
      chunkedLoading: true, spiderfyOnMaxZoom: true,
      iconCreateFunction: function (cluster) {
        var n = 0;
        cluster.getAllChildMarkers().forEach(function (m) { n += (m.feature && m.feature.properties.m) || 1; });
        var c = n < 10 ? 'small' : n < 100 ? 'medium' : 'large';
        return L.divIcon({html: '<div><span>' + T.num(n) + '</span></div>',
          className: 'marker-cluster marker-cluster-' + c, iconSize: L.point(40, 40)});
      }
    });
    group.addLayer(layer);
    return group;
  };
  T.pane = function (map, name, z) {
    if (!map.getPane(name)) { map.createPane(name); map.getPane(name).style.zIndex = z; }
    return name;
  };
  T.areas = function (map, data, opts) {
    return L.geoJSON(data, {
      pane: opts.pane ? T.pane(map, opts.pane, opts.paneZ || 350) : 'overlayPane',
      interactive: !!opts.interactive,
      style: function (f) {
        var p = f.properties || {};
        return {color: opts.color || '#333', weight: opts.weight || 1, dashArray: opts.dash || null,
                fill: opts.fill !== false, fillColor: p.fill || opts.fillColor || '#fff',
                fillOpacity: opts.fill === false ? 0 : (opts.fillOpacity == null ? 0.7 : opts.fillOpacity)};
      },
      onEachFeature: function (f, layer) {
        var p = f.properties || {};
        var tip = p.tip && opts.interactive ? p.tip + '<br><i>' + T.cfg.click + '</i>' : p.tip;
        if (tip) { layer.bindTooltip(tip, {sticky: true}); }
        if (opts.interactive) {
          layer.on('mouseover', function () { layer.setStyle({weight: (opts.weight || 1) + 2}); });
          layer.on('mouseout', function () { layer.setStyle({weight: opts.weight || 1}); });
        }
      }
    });
  };
  T.labels = function (map, items, opts) {
    var pane = T.pane(map, 'tavoloLabels', 640), group = L.layerGroup();
    items.forEach(function (it) {
      L.marker([it[0], it[1]], {pane: pane, interactive: false, keyboard: false,
        icon: L.divIcon({className: opts.cls || 'tv-label', html: it[2], iconSize: null})}).addTo(group);
    });
    return group;
  };
  // The areas' labels: one placement per zoom (computed by the server so that no two
  // overlap), the largest not above the map's zoom; below the smallest zoom, none.
  // data: {labels: [[html, lat, lon]], sets: [[zoom, [place]]]}; a place is 0 (at the
  // anchor), [lat, lon], [lat, lon, endLat, endLon] (with a leader line) or null.
  T.areaLabels = function (map, data) {
    var pane = T.pane(map, 'tavoloLabels', 640), group = L.layerGroup(), shown = null;
    T.lastLabels = data.labels;  // the texts and anchors (read by the browser tests)
    var draw = function () {
      var z = map.getZoom(), pick = null;
      data.sets.forEach(function (s) { if (s[0] <= z + 1e-9) { pick = s; } });
      if (pick === shown) { return; }
      shown = pick;
      group.clearLayers();
      if (!pick) { return; }
      pick[1].forEach(function (place, i) {
        if (place === null) { return; }
        var lab = data.labels[i], at = place === 0 ? [lab[1], lab[2]] : [place[0], place[1]];
        var led = place !== 0 && place.length > 2;
        if (led) {
          L.polyline([[lab[1], lab[2]], [place[2], place[3]]], {pane: pane, interactive: false,
            color: '#1a1a1a', weight: 1.2}).addTo(group);
          L.circleMarker([lab[1], lab[2]], {pane: pane, interactive: false, radius: 2.5,
            color: '#1a1a1a', weight: 1, fillColor: '#1a1a1a', fillOpacity: 1}).addTo(group);
        }
        L.marker(at, {pane: pane, interactive: false, keyboard: false,
          icon: L.divIcon({className: 'tv-label-icon', iconSize: [0, 0],
            html: '<div class="tv-label' + (led ? ' tv-led' : '') + '" data-area="' + i + '">' + lab[0] + '</div>'})}).addTo(group);
      });
    };
    map.on('zoomend', draw);
    group.on('add', function () { shown = null; draw(); });
    return group;
  };
  T.basemap = function (map, mask, places) {
    var group = L.layerGroup();
    T.areas(map, mask, {pane: 'tavoloBase', paneZ: 250, color: '#9a948a', weight: 0.5,
                        fillOpacity: 1}).addTo(group);
    var names = T.labels(map, places, {cls: 'tv-place'});
    var showNames = function () {
      if (!map.hasLayer(group)) { return; }
      if (map.getZoom() >= 15) { group.addLayer(names); } else { group.removeLayer(names); }
    };
    map.on('zoomend', showNames);
    group.on('add', function () { map.getContainer().style.background = '#fbfaf6'; showNames(); });
    return group;
  };
  T.control = function (map, html, position) {
    var c = L.control({position: position});
    c.onAdd = function () {
      var div = L.DomUtil.create('div', 'tv-box leaflet-control');
      // on a narrow or short map the legend starts folded (one line); a click opens it
      var small = map.getSize().x < 700 || map.getSize().y < 420;
      div.innerHTML = small ? html.replace('<details open>', '<details>') : html;
      L.DomEvent.disableClickPropagation(div);
      L.DomEvent.disableScrollPropagation(div);
      return div;
    };
    c.addTo(map);
    return c;
  };
  T.scale = function (map) {
    L.control.scale({imperial: false, metric: true, position: 'bottomleft', maxWidth: 120}).addTo(map);
  };
  // Fit ``bounds`` into the part of the map the controls leave free: each corner's
  // controls are kept out either by a horizontal or a vertical margin, whichever
  // combination gives the largest zoom.
  T.fit = function (map, bounds) {
    // Inside streamlit-folium's frame the map gets its size late: fit again whenever the
    // container's size changes, until the user moves or zooms the map.
    // (and when the style sheets arrive: the boxes' sizes change).
    var el = map.getContainer(), touched = false;
    ['mousedown', 'wheel', 'touchstart', 'keydown'].forEach(function (e) {
      el.addEventListener(e, function () { touched = true; }, {passive: true});
    });
    var run = function () {
      var r = el.getBoundingClientRect();
      if (touched || r.width < 200 || r.height < 200) { return; }
      map.invalidateSize(false);
      T.fitOnce(map, bounds);
    };
    run();
    if (window.ResizeObserver) { new ResizeObserver(run).observe(el); }
    window.addEventListener('load', run);
    [100, 400, 1200, 2500].forEach(function (ms) { setTimeout(run, ms); });
  };
  T.fitOnce = function (map, bounds) {
    map.getContainer().querySelectorAll('.tv-box details[data-tv-folded]').forEach(function (d) {
      d.open = true; d.removeAttribute('data-tv-folded');
    });
    var best = T.bestFit(map, bounds), plain = map.getBoundsZoom(bounds, false, L.point(8, 8));
    if (best.zoom < plain - 0.75) {  // the boxes take too much room: fold them (a click opens)
      map.getContainer().querySelectorAll('.tv-box details[open]').forEach(function (d) {
        d.open = false; d.setAttribute('data-tv-folded', '1');
      });
      best = T.bestFit(map, bounds);
    }
    map.fitBounds(bounds, {paddingTopLeft: [best.pad.left, best.pad.top],
                           paddingBottomRight: [best.pad.right, best.pad.bottom], animate: false});
    map.getContainer().setAttribute('data-tv-fit', JSON.stringify(best.pad));
  };
  T.bestFit = function (map, bounds) {
    var box = map.getContainer().getBoundingClientRect(), corners = {};
    ['topleft', 'topright', 'bottomleft', 'bottomright'].forEach(function (pos) {
      var v = pos.indexOf('top') === 0 ? 'top' : 'bottom', side = pos.slice(v.length);
      var w = 0, h = 0, el = map.getContainer().querySelector('.leaflet-' + v + '.leaflet-' + side);
      if (el) {
        Array.prototype.forEach.call(el.children, function (c) {
          var r = c.getBoundingClientRect();
          if (!r.width) { return; }
          w = Math.max(w, side === 'left' ? r.right - box.left : box.right - r.left);
          h = Math.max(h, v === 'top' ? r.bottom - box.top : box.bottom - r.top);
        });
      }
      corners[pos] = [w + 6, h + 6, w > 0];
    });
    var best = null, keys = Object.keys(corners);
    for (var mask = 0; mask < 16; mask++) {
      var pad = {top: 4, left: 4, bottom: 4, right: 4};
      keys.forEach(function (pos, i) {
        var c = corners[pos];
        if (!c[2]) { return; }
        if (mask & (1 << i)) {
          var side = pos.indexOf('left') >= 0 ? 'left' : 'right';
          pad[side] = Math.max(pad[side], c[0]);
        } else {
          var v = pos.indexOf('top') >= 0 ? 'top' : 'bottom';
          pad[v] = Math.max(pad[v], c[1]);
        }
      });
      var size = map.getSize(), room = L.point(pad.left + pad.right, pad.top + pad.bottom);
      // no room left (Leaflet would then zoom in to the maximum): the worst choice
      var zoom = size.x - room.x < 60 || size.y - room.y < 60 ? -1 : map.getBoundsZoom(bounds, false, room);
      var sum = pad.top + pad.left + pad.bottom + pad.right;  // on a tie, the most centred
      if (!best || zoom > best.zoom + 1e-9 || (zoom > best.zoom - 1e-9 && sum < best.sum)) {
        best = {zoom: zoom, pad: pad, sum: sum};
      }
    }
    return best;
  };
})(window.tavolo);
