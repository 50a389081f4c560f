/**
 * The network (features/network) in the browser: the graph page draws every node and link of the network with
 * Cytoscape, the table beside it lists the same links, the keyboard opens a node's record; the locations map,
 * linked children, the panel pack and "not yet referred". Axe and a screenshot (screenshots/network-NN-*.png) on each.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { browserSuite } from './support/suite.ts';
import { activate, assertH1, chooseRadio, findChild, pageProblems, screenshot, signIn, tabTo, visited } from './support/pages.ts';

const path = (page: Page) => new URL(page.url()).pathname;
/** Tabs to a button that acts on the page (no navigation) and presses Enter. */
const press = async (page: Page, target: Locator) => {
  await tabTo(page, target);
  await page.keyboard.press('Enter');
};

type Graph = { nodes: number; links: string[]; labels: string[] };
/** What Cytoscape has drawn: its node count, its edge ids (link ids) and node labels. */
const drawn = (page: Page): Promise<Graph> =>
  page.evaluate(() => {
    const cy = (
      window as unknown as {
        appNetworkGraph: {
          nodes: () => { length: number; map: (f: (n: { data: (k: string) => string }) => string) => string[] };
          edges: () => { map: (f: (e: { id: () => string }) => string) => string[] };
        };
      }
    ).appNetworkGraph;
    return {
      nodes: cy.nodes().length,
      links: cy
        .edges()
        .map((e) => e.id().slice(1))
        .sort(),
      labels: cy.nodes().map((n) => n.data('label')),
    };
  });
const tableLinks = async (page: Page) =>
  (await page.locator('#network-links tbody tr').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.link ?? ''))).sort();

describe('the network pages (graph, table, map, pack) with axe', () => {
  const { open } = browserSuite('network');

  test('a child’s network: the graph draws every node and link, the table lists the same links, Enter opens a node', async () => {
    const page = await open();
    await signIn(page, 'coordinator');
    await findChild(page, 'Jordan Ashdown');
    await activate(page, page.getByRole('navigation', { name: 'Child record' }).getByRole('link', { name: 'Network' }));
    assert.match(path(page), /\/children\/[0-9a-f-]{36}\/network$/);
    await assertH1(page, 'Network');
    await page.waitForFunction(() => 'appNetworkGraph' in window);
    const data = JSON.parse((await page.locator('#network-data').textContent()) ?? '{}') as { nodes: { label: string }[]; links: { id: string }[] };
    const g = await drawn(page);
    assert.equal(g.nodes, data.nodes.length, 'every node of the network is drawn');
    assert.ok(g.nodes >= 8, `Jordan’s demo network has at least 8 nodes at depth 2 (drew ${g.nodes})`);
    assert.deepEqual(g.links, data.links.map((l) => l.id).sort(), 'every link is drawn');
    assert.deepEqual(await tableLinks(page), g.links, 'the table lists the same links as the graph');
    assert.ok(g.labels.includes('Person: Dean Vickery'), 'labels name the kind in words, not by colour alone');
    await visited(page, 'child-network');

    // The graph leads the page (issue 15 §11): wider than the text column, above the folded filters' controls, and
    // most of a screen tall; a child's label gives its risk level; the zoom and fit buttons work by keyboard.
    const box = (await page.locator('#network-graph').boundingBox())!;
    const column = (await page.locator('main h1').boundingBox())!;
    assert.ok(box.width > 1000, `the graph is wider than the text column (${box.width}px at 1280px)`);
    assert.ok(box.height >= 420, `the graph is most of a screen tall (${box.height}px)`);
    assert.ok(box.x < column.x, 'the graph reaches beyond the text column');
    assert.equal(await page.locator('.app-network-filters-details').getAttribute('open'), null, 'the filters are folded while they are the defaults');
    assert.ok(
      g.labels.some((l) => /^Child: Jordan Ashdown$/.test(l)),
      'the data label names the kind and the child',
    );
    const shown = await page.evaluate(() =>
      (window as unknown as { appNetworkGraph: { getElementById: (id: string) => { data: (k: string) => string } } }).appNetworkGraph
        .getElementById(
          document.querySelector('#network-data')
            ? JSON.parse(document.querySelector('#network-data')!.textContent!).nodes.find((n: { seed: boolean }) => n.seed).id
            : '',
        )
        .data('shown'),
    );
    assert.match(shown, /^Child: Jordan Ashdown\n(High|Medium|Low|No) risk$/, 'a child’s label on the graph gives its risk level');
    const zoom = () => page.evaluate(() => (window as unknown as { appNetworkGraph: { zoom: () => number } }).appNetworkGraph.zoom());
    const z0 = await zoom();
    await press(page, page.getByRole('button', { name: 'Zoom in' }));
    assert.ok((await zoom()) > z0, 'Zoom in zooms in');
    await press(page, page.getByRole('button', { name: 'Zoom out' }));
    await press(page, page.getByRole('button', { name: 'Zoom out' }));
    assert.ok((await zoom()) < z0, 'Zoom out zooms out');
    await press(page, page.getByRole('button', { name: 'Fit to screen' }));
    const labelled = () =>
      page.evaluate(() => (window as unknown as { appNetworkGraph: { edges: (s: string) => { length: number } } }).appNetworkGraph.edges('.app-shown').length);
    assert.equal(await labelled(), 0, 'links carry no label until a node is chosen');
    const toggle = page.getByRole('button', { name: 'Show every link’s relation' });
    await press(page, toggle);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.equal(await labelled(), g.links.length, 'with the toggle every link shows its relation');
    await screenshot(page, 'child-network-every-relation');
    await press(page, toggle);
    assert.equal(await labelled(), 0);

    // Depth 1 by keyboard: fewer nodes, the same agreement between graph and table.
    await press(page, page.locator('.app-network-filters-details summary'));
    await chooseRadio(page, 'depth', 0);
    await activate(page, page.getByRole('button', { name: 'Apply filters' }));
    await page.waitForFunction(() => 'appNetworkGraph' in window);
    const one = await drawn(page);
    assert.ok(one.nodes < g.nodes);
    assert.deepEqual(await tableLinks(page), one.links);

    // The graph by keyboard: focus it, move to a node with the arrow keys, Enter opens its record.
    await tabTo(page, page.locator('#network-graph'));
    await page.keyboard.press('ArrowRight');
    assert.match(
      (await page.locator('#network-graph-status').textContent()) ?? '',
      /Child: Jordan Ashdown, (High|Medium|Low|No) risk, \d+ links\. Press Enter to open\./,
    );
    assert.ok((await labelled()) > 0, 'the chosen node’s links show their relation');
    assert.equal(await page.locator('.app-network-filters-details').getAttribute('open'), '', 'changed filters stay unfolded');
    await page.keyboard.press('ArrowRight');
    const chosen = (await page.locator('#network-graph-status').textContent()) ?? '';
    const navigated = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame() });
    await page.keyboard.press('Enter');
    await navigated;
    await page.waitForLoadState('load');
    assert.match(path(page), /^\/(children|intelligence\/records)\/[0-9a-f-]{36}$/, `Enter opened ${chosen}`);
    assert.deepEqual(pageProblems(page), [], 'no script errors, blocked styles or missing assets (CSP)');
  });

  test('a district’s network and linked children', async () => {
    const page = await open();
    await signIn(page, 'coordinator');
    await page.goto('/network');
    await assertH1(page, 'Networks and locations');
    await visited(page, 'network-index');
    await activate(page, page.getByRole('link', { name: 'Newcastle-under-Lyme' }));
    await page.waitForFunction(() => 'appNetworkGraph' in window);
    const g = await drawn(page);
    assert.deepEqual(await tableLinks(page), g.links);
    await visited(page, 'district-network');
    await page.goto('/network/linked-children');
    await assertH1(page, /^Linked children \(\d+ groups?\)$/);
    assert.match((await page.locator('main').textContent()) ?? '', /Share the person Dean Vickery/);
    await visited(page, 'linked-children');
    assert.deepEqual(pageProblems(page), []);
  });

  test('locations without map tiles: no blank map of letters, the locations listed by district, each a link', async () => {
    const page = await open();
    await signIn(page, 'coordinator');
    await page.goto('/network/locations');
    await assertH1(page, /^Locations \(\d+\)$/);
    const count = Number(/\((\d+)\)/.exec((await page.locator('h1').textContent()) ?? '')![1]);
    assert.match(
      (await page.locator('main').textContent()) ?? '',
      /Map tiles are not configured for [^,]+, so there is no map: the locations are listed by district below/,
    );
    assert.equal(await page.locator('#locations-map, .app-map-marker').count(), 0, 'no markers on a blank background (issue 15 §11)');
    const headings = await page.locator('h3.app-locations-district').allTextContents();
    assert.ok(headings.length >= 3, `the demo’s locations fall in several districts (${headings.join('; ')})`);
    assert.equal(await page.locator('.app-locations-table tbody tr').count(), count, 'every location is listed once');
    await visited(page, 'locations');
    // A location by keyboard: its link opens the record.
    await activate(page, page.locator('.app-locations-table tbody a').first());
    assert.match(path(page), /^\/intelligence\/records\/[0-9a-f-]{36}$/);
    assert.deepEqual(pageProblems(page), []);
  });

  test('the panel pack (printable in Staffordshire) and not yet referred', async () => {
    const page = await open();
    await signIn(page, 'coordinator');
    await findChild(page, 'Jordan Ashdown');
    await activate(page, page.getByRole('navigation', { name: 'Child record' }).getByRole('link', { name: 'Panel pack' }));
    await assertH1(page, 'Panel pack');
    assert.ok(await page.getByRole('button', { name: 'Print' }).isVisible());
    await visited(page, 'panel-pack');
    await page.goto('/network/not-yet-referred');
    await assertH1(page, /^Not yet referred \(\d+\)$/);
    assert.match((await page.locator('main').textContent()) ?? '', /Callum Ingleby[\s\S]*3 missing episodes in the last 6 months/);
    await visited(page, 'not-yet-referred');
    assert.deepEqual(pageProblems(page), []);
  });

  test('the panel pack in LLR is not printable: no Print button, and printed it shows only the marking and the refusal', async () => {
    const page = await open();
    await signIn(page, 'coordinator', 'llr');
    await findChild(page, 'Jordan Ashdown');
    await activate(page, page.getByRole('navigation', { name: 'Child record' }).getByRole('link', { name: 'Panel pack' }));
    assert.equal(await page.getByRole('button', { name: 'Print' }).count(), 0);
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.app-pack__content').isVisible(), false);
    assert.ok(await page.locator('.app-pack__print-refused').isVisible());
    await screenshot(page, 'panel-pack-llr-print');
    await page.emulateMedia({ media: 'screen' });
    await visited(page, 'panel-pack-llr');
  });
});
