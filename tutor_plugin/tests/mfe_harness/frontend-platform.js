exports.getConfig = () => ({ LMS_BASE_URL: process.env.DCP_TEST_LMS_BASE_URL });
