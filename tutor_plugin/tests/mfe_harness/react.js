// A stand-in for React with just enough hooks to render a function component twice: before and after its effects.
let state = [];
let cursor = 0;
let effects = [];

exports.createElement = (type, props, ...children) => ({ type, props: props || {}, children: children.flat() });
exports.useState = (initial) => {
  const index = cursor++;
  if (!(index in state)) { state[index] = initial; }
  return [state[index], (value) => { state[index] = value; }];
};
exports.useEffect = (effect) => { effects.push(effect); };
exports.__render = (Component, runEffects) => {
  cursor = 0;
  effects = [];
  const tree = Component({});
  if (runEffects) { effects.forEach((effect) => effect()); }
  return tree;
};
exports.__reset = () => { state = []; };
