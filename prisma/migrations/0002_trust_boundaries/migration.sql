-- AlterTable
ALTER TABLE "ChatIdentity" ADD COLUMN     "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
ADD COLUMN     "email" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "claimedBy" TEXT,
ADD COLUMN     "sendingAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "IdentityChange" (
    "id" TEXT NOT NULL,
    "partnershipId" TEXT NOT NULL,
    "platform" "Platform" NOT NULL,
    "externalId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdentityChange_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxWorker" (
    "id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OutboxWorker_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "IdentityChange_partnershipId_at_idx" ON "IdentityChange"("partnershipId", "at");

-- AddForeignKey
ALTER TABLE "IdentityChange" ADD CONSTRAINT "IdentityChange_partnershipId_fkey" FOREIGN KEY ("partnershipId") REFERENCES "Partnership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

