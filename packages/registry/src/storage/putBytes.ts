import type { FileStorage } from './FileStorage.js';

/** Stores small `bytes` under `key` the same way uploads are stored: temporary file, sync, atomic put. */
export async function putBytes(storage: FileStorage, key: string, bytes: Uint8Array): Promise<void> {
  const file = await storage.createTemporaryFile();
  try {
    try {
      await file.handle.writeFile(bytes);
      await file.handle.sync();
    } finally {
      await file.handle.close();
    }
    await storage.put(file.path, key);
  } catch (error) {
    await storage.discard(file.path);
    throw error;
  }
}
