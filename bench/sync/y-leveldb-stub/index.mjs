// Only constructed when YPERSISTENCE is set, which the benchmark never does.
export class LeveldbPersistence {
  constructor() {
    throw new Error('y-leveldb is stubbed out in Canopy: the relay baseline does not persist.');
  }
}
