// Stands in for @quantdesk/pricefeed in component tests, which inject fakes.
export function createPriceFeed(): never {
  throw new Error('component tests must inject a fake feed factory');
}
export default createPriceFeed;
