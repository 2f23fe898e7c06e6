// The uniCloud client SDK's ES build ships no declarations; setupUniCloud.ts types what it uses.
declare module '@dcloudio/uni-cloud/dist/uni-cloud.es.js'
