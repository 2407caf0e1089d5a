// Records each GET and answers with the JSON in DCP_TEST_BADGES; the signed-in user is DCP_TEST_USERNAME (none
// when it is empty).
exports.getAuthenticatedHttpClient = () => ({
  get: (url) => {
    globalThis.dcpTestRequests.push(url);
    return Promise.resolve({ data: JSON.parse(process.env.DCP_TEST_BADGES) });
  },
});
exports.getAuthenticatedUser = () => (
  process.env.DCP_TEST_USERNAME ? { username: process.env.DCP_TEST_USERNAME, userId: 7 } : null
);
