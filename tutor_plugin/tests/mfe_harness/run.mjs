// Load a rendered env.config.jsx as the MFE named APP_ID would, and render every widget of every plugin slot.
// Usage: node run.mjs <env.config.mjs> <pathname>; prints {"slots": {slot: [{id, op, type, before, after}]},
// "requests": [...], "errors": [...]} as JSON.
const [configPath, pathname] = process.argv.slice(2);
globalThis.window = { location: { pathname } };
globalThis.dcpTestRequests = [];
const errors = [];
console.error = (...args) => { errors.push(args.map(String).join(' ')); };

const react = (await import('react')).default;
const { default: setConfig } = await import(configPath);
const config = await setConfig();
const slots = {};
for (const [slotName, slot] of Object.entries(config.pluginSlots)) {
  slots[slotName] = [];
  for (const plugin of slot.plugins) {
    react.__reset();
    const before = react.__render(plugin.widget.RenderWidget, true);
    await new Promise((resolve) => { setTimeout(resolve, 0); });
    const after = react.__render(plugin.widget.RenderWidget, false);
    slots[slotName].push({ id: plugin.widget.id, op: plugin.op, type: plugin.widget.type, before, after });
  }
}
process.stdout.write(JSON.stringify({ slots, requests: globalThis.dcpTestRequests, errors }));
