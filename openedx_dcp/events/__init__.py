"""
The plugin's own outbound Open edX events (data classes in ``data``, signals in ``signals``).

Event types use the plugin's reverse-DNS prefix ``org.openedx_dcp.`` rather than ``org.openedx.``, which is
reserved for the events the openedx-events library itself defines.
"""
