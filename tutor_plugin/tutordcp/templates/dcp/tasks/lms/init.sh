# openedx-dcp: migrate the plugin's tables, then set up the program of the LMS site (idempotent).
./manage.py lms migrate openedx_dcp
./manage.py lms dcp_setup_program \
  --site-domain {{ LMS_HOST|dcp_shell_quote }} \
  --name {{ DCP_PROGRAM_NAME|dcp_shell_quote }} \
  --slug {{ DCP_PROGRAM_SLUG|dcp_shell_quote }} \
  --organization-name {{ DCP_ORGANIZATION_NAME|dcp_shell_quote }}
