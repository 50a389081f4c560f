// The network graph (features/network): Cytoscape.js draws the nodes and links of the JSON data block on the
// page, laid out by fCoSE with room for each label (labels do not collide). Nodes have a shape and a colour by kind
// and a text label (the kind and the name: not colour alone); a child's label gives its risk level. A link's relation
// shows when either end is hovered or chosen, or for every link with the toggle. Zoom and fit are buttons as well as
// keys. A click, or Enter on the node chosen with the arrow keys, opens its record. The table below the graph lists
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
      data: { id: n.id, label: k.name + ': ' + n.label, shown: k.name + ': ' + n.label + (n.risk ? '\n' + n.risk + ' risk' : ''), risk: n.risk || '', kind: n.kind, href: n.href || '', depth: n.depth || 0, degree: n.degree || 0, seed: n.seed ? 1 : 0, colour: k.colour, shape: k.shape },
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

  var fcose = typeof window.cytoscapeFcose === 'function';
  if (fcose) window.cytoscape.use(window.cytoscapeFcose);
  function layoutFor(count) {
    if (fcose && count <= 250) {
      return {
        name: 'fcose', quality: 'proof', animate: false, randomize: true, nodeDimensionsIncludeLabels: true, uniformNodeDimensions: false,
        packComponents: true, nodeRepulsion: function () { return 9000; }, idealEdgeLength: function () { return count <= 40 ? 130 : 90; },
        edgeElasticity: function () { return 0.35; }, nodeSeparation: 90, gravity: 0.2, numIter: 2500, tile: true, padding: 30,
      };
    }
    return {
      name: 'concentric',
      concentric: function (node) { return byDepth ? maxDepth - node.data('depth') : node.data('degree'); },
      levelWidth: function () { return byDepth ? 1 : 2; },
      minNodeSpacing: count <= 60 ? 70 : count <= 300 ? 24 : 6,
      spacingFactor: count <= 60 ? 1.2 : 1,
      animate: false,
    };
  }

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
        'background-color': 'data(colour)', shape: 'data(shape)', label: 'data(shown)', width: 26, height: 26,
        'font-size': 14, 'text-valign': 'bottom', 'text-halign': 'center', 'text-margin-y': 4, color: '#0b0c0c',
        'text-wrap': 'wrap', 'text-max-width': 170, 'line-height': 1.2,
        'text-background-color': '#ffffff', 'text-background-opacity': 0.9, 'text-background-padding': 2, 'text-background-shape': 'round-rectangle',
        'border-width': 1, 'border-color': '#0b0c0c', 'min-zoomed-font-size': 8,
      } },
      // A child's risk level, in words in its label and by a thicker border: high and medium stand out.
      { selector: 'node[risk = "High"]', style: { 'border-width': 4, 'border-color': '#d4351c' } },
      { selector: 'node[risk = "Medium"]', style: { 'border-width': 3, 'border-color': '#f47738' } },
      { selector: 'node[seed = 1]', style: { width: 38, height: 38, 'font-weight': 'bold' } },
      { selector: 'node:selected', style: { 'border-width': 5, 'border-color': '#ffdd00', 'overlay-opacity': 0 } },
      { selector: 'edge', style: {
        width: 1.5, 'line-color': '#505a5f', 'curve-style': 'bezier', label: '', 'font-size': 13,
        color: '#0b0c0c', 'text-rotation': 'autorotate', 'min-zoomed-font-size': 8,
        'text-background-color': '#ffffff', 'text-background-opacity': 0.9, 'text-background-padding': 2,
      } },
      { selector: 'edge.app-shown', style: { label: 'data(label)', width: 3, 'line-color': '#0b0c0c', 'z-index': 10 } },
      { selector: 'node.app-near', style: { 'z-index': 10 } },
    ],
    // Up to a few hundred nodes: fCoSE, a force-directed layout that counts each node's label in its size, so labels
    // do not collide. Beyond that (a busy district), rings by distance from the centre or by how connected: a thousand
    // nodes lay out at once.
    layout: layoutFor(data.nodes.length),
  });

  // A small network fitted to the screen would be drawn huge: no closer than 1.5 times.
  if (cy.zoom() > 1.5) { cy.zoom(1.5); cy.center(); }

  var status = document.getElementById('network-graph-status');
  var say = function (text) { if (status) status.textContent = text; };
  var describe = function (node) {
    return node.data('label') + (node.data('risk') ? ', ' + node.data('risk') + ' risk' : '') + ', ' + node.degree(false) + ' link' + (node.degree(false) === 1 ? '' : 's') + (node.data('href') ? '. Press Enter to open.' : '. You may not open this record.');
  };
  var open = function (node) {
    var href = node && node.data('href');
    if (href) window.location.assign(href);
  };

  // A node's links show their relation while it is hovered or chosen (all of them with the toggle).
  var allLabels = false;
  var near = function (node) {
    if (allLabels) return;
    cy.edges().removeClass('app-shown');
    cy.nodes().removeClass('app-near');
    if (node) { node.connectedEdges().addClass('app-shown'); node.closedNeighborhood('node').addClass('app-near'); }
  };
  cy.on('tap', 'node', function (evt) { open(evt.target); });
  cy.on('mouseover', 'node', function (evt) { container.style.cursor = evt.target.data('href') ? 'pointer' : 'default'; say(describe(evt.target)); near(evt.target); });
  cy.on('mouseout', 'node', function () { container.style.cursor = 'default'; near(at >= 0 ? order[at] : null); });
  cy.on('mouseover', 'edge', function (evt) { if (!allLabels) evt.target.addClass('app-shown'); say(evt.target.source().data('label') + ' ' + evt.target.data('label') + ' ' + evt.target.target().data('label')); });
  cy.on('mouseout', 'edge', function () { near(at >= 0 ? order[at] : null); });

  // Keyboard: the arrow keys move through the nodes (nearest first), Enter opens, + and - zoom, 0 fits the graph.
  var order = cy.nodes().sort(function (a, b) { return a.data('depth') - b.data('depth') || b.degree(false) - a.degree(false) || (a.data('label') < b.data('label') ? -1 : 1); });
  var at = -1;
  var choose = function (i) {
    at = (i + order.length) % order.length;
    cy.nodes().unselect();
    var node = order[at];
    node.select();
    near(node);
    if (!node.renderedPosition() || node.renderedPosition().x < 0 || node.renderedPosition().y < 0 || node.renderedPosition().x > container.clientWidth || node.renderedPosition().y > container.clientHeight) cy.center(node);
    say(describe(node));
  };
  var zoomBy = function (factor) { cy.zoom({ level: cy.zoom() * factor, renderedPosition: { x: container.clientWidth / 2, y: container.clientHeight / 2 } }); };
  var fit = function () { cy.fit(undefined, 30); };
  var controls = document.getElementById('network-graph-controls');
  if (controls) {
    controls.hidden = false;
    controls.addEventListener('click', function (e) {
      var b = e.target.closest('[data-graph]');
      if (!b) return;
      var what = b.getAttribute('data-graph');
      if (what === 'zoom-in') { zoomBy(1.25); say('Zoomed in.'); }
      else if (what === 'zoom-out') { zoomBy(1 / 1.25); say('Zoomed out.'); }
      else if (what === 'fit') { fit(); say('The whole graph fits the screen.'); }
      else if (what === 'labels') {
        allLabels = !allLabels;
        b.setAttribute('aria-pressed', allLabels ? 'true' : 'false');
        if (allLabels) { cy.edges().addClass('app-shown'); say('Every link shows its relation.'); }
        else { cy.edges().removeClass('app-shown'); near(at >= 0 ? order[at] : null); say('A link shows its relation when one of its ends is chosen.'); }
      }
    });
  }
  container.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') { choose(at + 1); e.preventDefault(); }
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') { choose(at - 1); e.preventDefault(); }
    else if (e.key === 'Enter' && at >= 0) { open(order[at]); e.preventDefault(); }
    else if (e.key === '+' || e.key === '=') { zoomBy(1.25); e.preventDefault(); }
    else if (e.key === '-') { zoomBy(1 / 1.25); e.preventDefault(); }
    else if (e.key === '0') { fit(); e.preventDefault(); }
  });
  container.addEventListener('focus', function () { if (at < 0) say('Network graph: ' + data.nodes.length + ' nodes, ' + data.links.length + ' links. Arrow keys move from node to node, Enter opens.'); });

  window.appNetworkGraph = cy; // for the browser tests: how many nodes and links are drawn
})();
