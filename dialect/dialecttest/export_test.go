package dialecttest

// MissingURL exposes missingURL to the tests.
var MissingURL = missingURL
