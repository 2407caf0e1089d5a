exports.DIRECT_PLUGIN = 'DIRECT_PLUGIN';
exports.PLUGIN_OPERATIONS = { Insert: 'insert', Hide: 'hide', Modify: 'modify', Wrap: 'wrap' };
