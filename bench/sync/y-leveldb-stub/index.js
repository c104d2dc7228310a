/* global module */
// Only constructed when YPERSISTENCE is set, which the benchmark never does.
class LeveldbPersistence {
  constructor() {
    throw new Error('y-leveldb is stubbed out in Canopy: the relay baseline does not persist.');
  }
}
module.exports = { LeveldbPersistence };
