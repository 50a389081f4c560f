// The network graph (features/network): Cytoscape.js draws the nodes and links of the JSON data block on the
// page. Nodes have a shape and a colour by kind and a text label (the kind and the name: not colour alone).
// A click, or Enter on the node chosen with the arrow keys, opens its record. The table below the graph lists
// the same links and works without JavaScript. Also: the panel pack's Print button, where printing is allowed.
(function () {
  'use strict';

  var printButton = document.querySelector('[data-app-print]');
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener('click', function () { window.print(); });
  }

  var container = document.getElementById('network-graph');
  var dataBlock = document.getElementById('network-data');
  if (!container || !dataBlock || typeof window.cytoscape !== 'function') return;
  var data;
  try {
    data = JSON.parse(dataBlock.textContent || '{}');
  } catch (e) {
    return;
  }
  if (!data.nodes || !data.nodes.length) return;

  var kinds = {
    child: { name: 'Child', shape: 'ellipse', colour: '#1d70b8' },
    person: { name: 'Person', shape: 'round-rectangle', colour: '#d4351c' },
    location: { name: 'Location', shape: 'triangle', colour: '#00703c' },
    vehicle: { name: 'Vehicle', shape: 'rectangle', colour: '#4c2c92' },
    phone: { name: 'Phone', shape: 'hexagon', colour: '#f47738' },
    'online-account': { name: 'Online account', shape: 'diamond', colour: '#912b88' },
    organisation: { name: 'Organisation', shape: 'barrel', colour: '#505a5f' },
  };
  var relationWords = function (r) { return String(r).replace(/-/g, ' '); };
  var maxDepth = data.nodes.reduce(function (m, n) { return Math.max(m, n.depth || 0); }, 0);
  var many = data.nodes.length > 300;
  var byDepth = container.dataset.layout !== 'degree';

  var elements = [];
  data.nodes.forEach(function (n) {
    var k = kinds[n.kind] || kinds.organisation;
    elements.push({
      group: 'nodes',
      data: { id: n.id, label: k.name + ': ' + n.label, kind: n.kind, href: n.href || '', depth: n.depth || 0, degree: n.degree || 0, seed: n.seed ? 1 : 0, colour: k.colour, shape: k.shape },
    });
  });
  data.links.forEach(function (l) {
    elements.push({ group: 'edges', data: { id: 'l' + l.id, source: l.from, target: l.to, label: relationWords(l.relation) } });
  });

  // Cytoscape adds a <style> element to the head unless one with this id exists: our CSP forbids inline styles,
  // so a placeholder stands in and network.css carries the one rule it would add.
  if (!document.getElementById('__________cytoscape_stylesheet')) {
    var placeholder = document.createElement('meta');
    placeholder.id = '__________cytoscape_stylesheet';
    document.head.appendChild(placeholder);
  }
  container.textContent = '';
  container.setAttribute('tabindex', '0');
  container.setAttribute('role', 'application');
  container.setAttribute('aria-roledescription', 'network graph');
  container.setAttribute('aria-label', 'Network graph of ' + data.nodes.length + ' nodes. Use the arrow keys to move from node to node and Enter to open the chosen one. The table below lists the same links.');

  var cy = window.cytoscape({
    container: container,
    elements: elements,
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 3,
    textureOnViewport: many,
    hideEdgesOnViewport: many,
    style: [
      { selector: 'node', style: {
        'background-color': 'data(colour)', shape: 'data(shape)', label: 'data(label)', width: 22, height: 22,
        'font-size': 12, 'text-valign': 'bottom', 'text-margin-y': 3, color: '#0b0c0c',
        'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'text-background-padding': 1,
        'border-width': 1, 'border-color': '#0b0c0c', 'min-zoomed-font-size': 7,
      } },
      { selector: 'node[seed = 1]', style: { width: 34, height: 34, 'border-width': 3, 'font-weight': 'bold' } },
      { selector: 'node:selected', style: { 'border-width': 5, 'border-color': '#ffdd00', 'overlay-opacity': 0 } },
      { selector: 'edge', style: {
        width: 1.5, 'line-color': '#505a5f', 'curve-style': 'bezier', label: many ? '' : 'data(label)', 'font-size': 8,
        color: '#505a5f', 'text-rotation': 'autorotate', 'min-zoomed-font-size': 8,
      } },
    ],
    // A child's or an agenda's network: rings by distance from the centre, spaced by how many there are. A district:
    // force-directed for a few hundred nodes; beyond that, rings by how connected (a thousand nodes lay out at once).
    layout: byDepth || data.nodes.length > 250
      ? {
        name: 'concentric',
        concentric: function (node) { return byDepth ? maxDepth - node.data('depth') : node.data('degree'); },
        levelWidth: function () { return byDepth ? 1 : 2; },
        minNodeSpacing: data.nodes.length <= 60 ? 70 : data.nodes.length <= 300 ? 24 : 6,
        spacingFactor: data.nodes.length <= 60 ? 1.2 : 1,
        animate: false,
      }
      : { name: 'cose', animate: false, randomize: false, nodeRepulsion: function () { return 40000; }, idealEdgeLength: function () { return 140; }, nodeOverlap: 40, padding: 30, numIter: 1500, componentSpacing: 120 },
  });

  var status = document.getElementById('network-graph-status');
  var say = function (text) { if (status) status.textContent = text; };
  var describe = function (node) {
    return node.data('label') + ', ' + node.degree(false) + ' link' + (node.degree(false) === 1 ? '' : 's') + (node.data('href') ? '. Press Enter to open.' : '. You may not open this record.');
  };
  var open = function (node) {
    var href = node && node.data('href');
    if (href) window.location.assign(href);
  };

  cy.on('tap', 'node', function (evt) { open(evt.target); });
  cy.on('mouseover', 'node', function (evt) { container.style.cursor = evt.target.data('href') ? 'pointer' : 'default'; say(describe(evt.target)); });
  cy.on('mouseout', 'node', function () { container.style.cursor = 'default'; });

  // Keyboard: the arrow keys move through the nodes (nearest first), Enter opens, + and - zoom, 0 fits the graph.
  var order = cy.nodes().sort(function (a, b) { return a.data('depth') - b.data('depth') || b.degree(false) - a.degree(false) || (a.data('label') < b.data('label') ? -1 : 1); });
  var at = -1;
  var choose = function (i) {
    at = (i + order.length) % order.length;
    cy.nodes().unselect();
    var node = order[at];
    node.select();
    if (!node.renderedPosition() || node.renderedPosition().x < 0 || node.renderedPosition().y < 0 || node.renderedPosition().x > container.clientWidth || node.renderedPosition().y > container.clientHeight) cy.center(node);
    say(describe(node));
  };
  container.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') { choose(at + 1); e.preventDefault(); }
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') { choose(at - 1); e.preventDefault(); }
    else if (e.key === 'Enter' && at >= 0) { open(order[at]); e.preventDefault(); }
    else if (e.key === '+' || e.key === '=') { cy.zoom({ level: cy.zoom() * 1.25, renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } }); e.preventDefault(); }
    else if (e.key === '-') { cy.zoom({ level: cy.zoom() / 1.25, renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } }); e.preventDefault(); }
    else if (e.key === '0') { cy.fit(undefined, 20); e.preventDefault(); }
  });
  container.addEventListener('focus', function () { if (at < 0) say('Network graph: ' + data.nodes.length + ' nodes, ' + data.links.length + ' links. Arrow keys move from node to node, Enter opens.'); });

  window.appNetworkGraph = cy; // for the browser tests: how many nodes and links are drawn
})();
