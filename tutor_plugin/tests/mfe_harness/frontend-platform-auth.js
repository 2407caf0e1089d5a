// Records each GET and answers with the JSON in DCP_TEST_BADGES.
exports.getAuthenticatedHttpClient = () => ({
  get: (url) => {
    globalThis.dcpTestRequests.push(url);
    return Promise.resolve({ data: JSON.parse(process.env.DCP_TEST_BADGES) });
  },
});
